// What is collected and why (PIPL), the operating unit and a contact (政务 rules).
// The unit and its contacts come from the backend (GET /api/v1/meta, `operator` in its
// configuration); while they load, or when they cannot be read, the page says so in plain
// words and shows no number.
import { elder } from '../../behaviors/elder';
import { getMeta } from '../../api/meta';
import { Operator } from '../../api/types';

/** Named in the opening paragraph until the backend has said who runs the service. */
const UNIT_FALLBACK = '人大代表联络站的运营单位';

Component({
  behaviors: [elder],
  data: {
    operator: null as Operator | null,
    unitName: UNIT_FALLBACK,
    opLoading: true,
    opFailed: false,
  },
  methods: {
    onLoad() {
      this.loadOperator();
    },
    loadOperator() {
      this.setData({ opLoading: true, opFailed: false });
      getMeta().then(
        (meta) => {
          const op = meta.operator;
          if (op && op.name) {
            this.setData({ operator: op, unitName: op.name, opLoading: false });
          } else {
            this.setData({ opLoading: false, opFailed: true });
          }
        },
        () => this.setData({ opLoading: false, opFailed: true }),
      );
    },
    onCall() {
      const op = this.data.operator;
      const number = op ? op.phone.replace(/[^\d]/g, '') : '';
      if (number) wx.makePhoneCall({ phoneNumber: number });
    },
  },
});

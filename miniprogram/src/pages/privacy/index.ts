// What is collected and why (PIPL), the operating unit and a contact (政务 rules).
import { elder } from '../../behaviors/elder';
import { config } from '../../config/index';

Component({
  behaviors: [elder],
  data: { operator: config.operator },
  methods: {
    onLoad() {
      /* static */
    },
    onCall() {
      wx.makePhoneCall({ phoneNumber: config.operator.contact.replace(/[^\d]/g, '') });
    },
  },
});

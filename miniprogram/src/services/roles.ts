// What the signed-in person's roles allow, for the home page and the pages that check it.
import { Me } from '../api/types';

export interface Entries {
  deputy: boolean;
  deputyName: string;
  staff: boolean;
  /** Stations the staff role covers by id (empty for area staff and admins, who see more). */
  stationIds: number[];
  /** Area staff or admin: may see several stations, so the pages offer a station filter. */
  wide: boolean;
}

export function entriesOf(me: Me | null): Entries {
  const roles = me ? me.roles || [] : [];
  const staffRoles = roles.filter((r) => r.role === 'staff' || r.role === 'admin');
  const stationIds = ([] as number[]).concat(...staffRoles.map((r) => r.station_ids || []));
  return {
    deputy: !!(me && me.deputy) || roles.some((r) => r.role === 'deputy'),
    deputyName: me && me.deputy ? me.deputy.name : '',
    staff: staffRoles.length > 0,
    stationIds,
    wide: staffRoles.some((r) => r.role === 'admin' || !!r.area_code) || stationIds.length > 1,
  };
}

// What the signed-in person's roles allow, for the home page and the invite page.
// (Which stations a staff member covers comes from GET /api/v1/admin/stations, services/staff.ts.)
import { Me } from '../api/types';

export interface Entries {
  deputy: boolean;
  deputyName: string;
  staff: boolean;
}

export function entriesOf(me: Me | null): Entries {
  const roles = me ? me.roles || [] : [];
  return {
    deputy: !!(me && me.deputy) || roles.some((r) => r.role === 'deputy'),
    deputyName: me && me.deputy ? me.deputy.name : '',
    staff: roles.some((r) => r.role === 'staff' || r.role === 'admin'),
  };
}

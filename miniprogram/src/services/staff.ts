// The stations a staff member works for: one for station staff, several for area staff
// (then the pages offer a station filter).
import { adminStations, all } from '../api/admin';
import { AdminStation } from '../api/types';

let cached: Promise<AdminStation[]> | null = null;

export function myStations(): Promise<AdminStation[]> {
  if (!cached) {
    cached = all((c) => adminStations(c));
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export function forgetStations(): void {
  cached = null;
}

/** Picker choices: "全部联络站" first when there are several. */
export function stationChoices(stations: AdminStation[], withAll: boolean): { id: number; name: string }[] {
  const list = stations.map((s) => ({ id: s.id, name: s.name }));
  return withAll && list.length > 1 ? [{ id: 0, name: '全部联络站' }].concat(list) : list;
}

// Station staff: the inbox, handling a message, walk-ins, and the registries the pickers need.
import { request } from '../services/request';
import { AdminMessage, AdminStation, Deputy, Group, MessageCreated, Page, TransitionInput, Unit, WalkInInput } from './types';

export interface InboxQuery {
  station_id?: number;
  status?: string;
  overdue?: boolean;
  /** A tracking code, or characters of one. */
  code?: string;
  cursor?: string;
  limit?: number;
}

export function inbox(q: InboxQuery = {}): Promise<Page<AdminMessage>> {
  return request<Page<AdminMessage>>({
    path: '/api/v1/admin/messages',
    query: { station_id: q.station_id || undefined, status: q.status || undefined, overdue: q.overdue ? true : undefined, code: q.code || undefined, limit: q.limit || 20, cursor: q.cursor || '' },
  });
}

export function getAdminMessage(id: number): Promise<AdminMessage> {
  return request<AdminMessage>({ path: `/api/v1/messages/${id}` });
}

/** Not repeated on a network failure (a reply could be sent twice); the person taps again. */
export function transition(id: number, input: TransitionInput): Promise<AdminMessage> {
  return request<AdminMessage>({ method: 'POST', path: `/api/v1/admin/messages/${id}/transitions`, data: input });
}

/** A walk-in's or caller's message, entered by staff with the person's consent. */
export function createWalkIn(stationId: number, input: WalkInInput): Promise<MessageCreated> {
  return request<MessageCreated>({ method: 'POST', path: `/api/v1/admin/stations/${stationId}/messages`, data: input });
}

export function adminStations(cursor = ''): Promise<Page<AdminStation>> {
  return request<Page<AdminStation>>({ path: '/api/v1/admin/stations', query: { limit: 100, cursor } });
}

export function adminDeputies(stationId?: number, cursor = ''): Promise<Page<Deputy>> {
  return request<Page<Deputy>>({ path: '/api/v1/admin/deputies', query: { station_id: stationId || undefined, limit: 100, cursor } });
}

export function adminGroups(cursor = ''): Promise<Page<Group>> {
  return request<Page<Group>>({ path: '/api/v1/admin/groups', query: { limit: 100, cursor } });
}

export function adminUnits(cursor = ''): Promise<Page<Unit>> {
  return request<Page<Unit>>({ path: '/api/v1/admin/units', query: { limit: 100, cursor } });
}

/** Every page of a list (registries are small: a station's deputies, an area's units). */
export async function all<T>(list: (cursor: string) => Promise<Page<T>>, max = 10): Promise<T[]> {
  const out: T[] = [];
  let cursor = '';
  for (let i = 0; i < max; i++) {
    const page = await list(cursor);
    out.push(...(page.items || []));
    cursor = page.next_cursor || '';
    if (!cursor) break;
  }
  return out;
}

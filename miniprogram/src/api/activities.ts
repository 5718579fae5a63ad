// Station staff: activities — drafts, publishing, the venue's check-in code, attendance,
// who is told, and the station's compliance with the activity rules.
import { request } from '../services/request';
import { ActivityDetail, ActivityInput, ActivityStatus, AdminActivity, Audience, Checkin, CheckinCode, Compliance, Page } from './types';

export interface ActivityQuery {
  station_id?: number;
  status?: ActivityStatus | '';
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export function listActivities(q: ActivityQuery = {}): Promise<Page<AdminActivity>> {
  return request<Page<AdminActivity>>({
    path: '/api/v1/admin/activities',
    query: { station_id: q.station_id || undefined, status: q.status || undefined, from: q.from || undefined, to: q.to || undefined, limit: q.limit || 20, cursor: q.cursor || '' },
  });
}

export function createActivity(input: ActivityInput): Promise<AdminActivity> {
  return request<AdminActivity>({ method: 'POST', path: '/api/v1/admin/activities', data: input });
}

export function updateActivity(id: number, input: ActivityInput): Promise<AdminActivity> {
  return request<AdminActivity>({ method: 'PUT', path: `/api/v1/admin/activities/${id}`, data: input });
}

export function getActivity(id: number): Promise<ActivityDetail> {
  return request<ActivityDetail>({ path: `/api/v1/admin/activities/${id}` });
}

/** Publishing again changes nothing, so a repeat is safe. */
export function publishActivity(id: number): Promise<AdminActivity> {
  return request<AdminActivity>({ method: 'POST', path: `/api/v1/admin/activities/${id}/publish`, retry: true });
}

export function cancelActivity(id: number, reason: string): Promise<AdminActivity> {
  return request<AdminActivity>({ method: 'POST', path: `/api/v1/admin/activities/${id}/cancel`, data: { reason }, retry: true });
}

/** How many deputies and employers a publish, change or cancel would tell. */
export function audience(id: number): Promise<Audience> {
  return request<Audience>({ path: `/api/v1/admin/activities/${id}/audience` });
}

export function checkinCode(id: number): Promise<CheckinCode> {
  return request<CheckinCode>({ path: `/api/v1/admin/activities/${id}/checkin-code` });
}

/** Again answers the first record, so a repeat is safe. */
export function markAttendance(id: number, deputyId: number, note: string): Promise<Checkin> {
  return request<Checkin>({ method: 'POST', path: `/api/v1/admin/activities/${id}/attendance`, data: { deputy_id: deputyId, note }, retry: true });
}

export function stationCompliance(stationId: number, year: number): Promise<Compliance> {
  return request<Compliance>({ path: `/api/v1/admin/stations/${stationId}/compliance`, query: { year } });
}

/** Try a failed (or unknown) notice again. */
export function resendNotice(noticeId: number): Promise<{ id: number; status: string }> {
  return request<{ id: number; status: string }>({ method: 'POST', path: `/api/v1/admin/notifications/${noticeId}/resend` });
}

// A deputy's own side: invitations, RSVP, check-in, the performance file.
import { request } from '../services/request';
import { Checkin, MyActivity, Page, PerformanceRecord } from './types';

export function myActivities(cursor = '', limit = 50): Promise<Page<MyActivity>> {
  return request<Page<MyActivity>>({ path: '/api/v1/me/activities', query: { limit, cursor } });
}

/** Attend, or leave with a reason. Repeating it sets the same answer again. */
export function rsvp(activityId: number, answer: 'attend' | 'leave', reason = ''): Promise<MyActivity> {
  return request<MyActivity>({
    method: 'POST',
    path: `/api/v1/activities/${activityId}/rsvp`,
    data: answer === 'leave' ? { answer, reason } : { answer },
    retry: true,
  });
}

/** A second check-in answers the first, so a repeat is harmless. */
export function checkIn(activityId: number, code: string, latitude: number, longitude: number): Promise<Checkin> {
  return request<Checkin>({ method: 'POST', path: `/api/v1/activities/${activityId}/checkin`, data: { code, latitude, longitude }, retry: true });
}

export function myRecord(year: number): Promise<PerformanceRecord> {
  return request<PerformanceRecord>({ path: '/api/v1/me/record', query: { year } });
}

// What wx.requestSubscribeMessage granted, told to the backend.
import { request } from '../services/request';

export function recordSubscriptions(accepted: string[]): Promise<{ grants: Record<string, number> }> {
  return request({ method: 'POST', path: '/api/v1/me/subscriptions', data: { accepted }, retry: true });
}

// Messages of the signed-in member of the public.
import { request } from '../services/request';
import { Message, MessageCreated, MessageInput, Page, RatingValue } from './types';

export interface Submission {
  /**
   * The form's Idempotency-Key (newIdempotencyKey): the backend answers the same key from the
   * same user with the first message, so the call is repeated after a network failure.
   * Without one it is not: a repeat could leave the message twice.
   */
  key?: string;
  /** Told before each repeat. */
  onRepeat?: () => void;
}

export function createMessage(stationId: number, input: MessageInput, sub: Submission = {}): Promise<MessageCreated> {
  return request<MessageCreated>({
    method: 'POST',
    path: `/api/v1/stations/${stationId}/messages`,
    data: input,
    headers: sub.key ? { 'Idempotency-Key': sub.key } : undefined,
    retry: !!sub.key,
    onRepeat: sub.onRepeat,
  });
}

export function myMessages(cursor = '', limit = 20): Promise<Page<Message>> {
  return request<Page<Message>>({ path: '/api/v1/me/messages', query: { limit, cursor } });
}

export function getMessage(id: number): Promise<Message> {
  return request<Message>({ path: `/api/v1/messages/${id}` });
}

export function rateMessage(id: number, rating: RatingValue, comment: string): Promise<Message> {
  return request<Message>({ method: 'POST', path: `/api/v1/messages/${id}/rating`, data: { rating, comment } });
}

export function answerFollowup(id: number, fulfilled: boolean, comment: string): Promise<Message> {
  return request<Message>({ method: 'POST', path: `/api/v1/messages/${id}/followup`, data: { fulfilled, comment } });
}

export function setPublish(id: number, publish: boolean): Promise<Message> {
  return request<Message>({ method: 'POST', path: `/api/v1/messages/${id}/publish`, data: { publish }, retry: true });
}

// A deputy's inbox (群众来信): the messages written to the deputy (代表码) and those the station's
// staff assigned to them, newest first; the deputy replies, or hands the message to the
// station's staff (转交联络站办理) with a note. Which of the two they may take now is each
// message's own `actions`.
import { request } from '../services/request';
import { Message, Page } from './types';

/** A step on a message, the deputy's hand-over to the station among them. */
export type InboxAction = Message['actions'][number];

/** A message as the deputy reads it: the same answer as everyone's. */
export type InboxMessage = Message;

/** What the deputy sends: a reply to the citizen, or the hand-over with a note for the staff. */
export type DeputyStep = { action: 'reply'; reply: string; note?: string } | { action: 'hand_over'; note: string };

export function myInbox(cursor = '', limit = 20): Promise<Page<InboxMessage>> {
  return request<Page<InboxMessage>>({ path: '/api/v1/me/inbox', query: { limit, cursor } });
}

/** Not repeated on a network failure (a reply could be sent twice); the deputy taps again. */
export function deputyStep(id: number, step: DeputyStep): Promise<InboxMessage> {
  return request<InboxMessage>({ method: 'POST', path: `/api/v1/admin/messages/${id}/transitions`, data: step });
}

/** The messages that wait for the deputy's answer (their actions include the reply), from
 *  the first `pages` pages of the inbox; `more` when there may be others beyond them. */
export async function waitingCount(pages = 4): Promise<{ count: number; more: boolean }> {
  let count = 0;
  let cursor = '';
  for (let i = 0; i < pages; i++) {
    const page = await myInbox(cursor, 50);
    count += (page.items || []).filter((m) => (m.actions || []).includes('reply')).length;
    cursor = page.next_cursor || '';
    if (!cursor) return { count, more: false };
  }
  return { count, more: true };
}

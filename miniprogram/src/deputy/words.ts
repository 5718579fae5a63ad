// Words for a message as its deputy reads it (群众来信 and the message page): where it stands
// for them, whether it was written to them or assigned by the station, the handling steps.
import { InboxMessage } from '../api/inbox';
import { actionWords } from '../utils/format';

/** Where the message stands, from the deputy's side: first whether it waits for them. */
export function deputyStatusWords(m: Pick<InboxMessage, 'status' | 'actions'>): string {
  if ((m.actions || []).includes('reply')) return m.status === 'reopened' ? '群众说还没落实，等您再答复' : '等您答复';
  switch (m.status) {
    case 'replied':
      return '已答复';
    case 'promised':
      return '已承诺，等落实';
    case 'closed':
      return '已办结';
    case 'rejected':
      return '不予受理';
    case 'transferred':
      return '已转交有关部门办理';
    default:
      return '联络站在办理';
  }
}

/** True when the message waits for this deputy's answer. */
export function waitsForMe(m: Pick<InboxMessage, 'actions'>): boolean {
  return (m.actions || []).includes('reply');
}

/** Written to this deputy (by their code), or given to them by the station's staff. */
export function writtenToMe(m: Pick<InboxMessage, 'addressee'>, myDeputyId: number): boolean {
  if (!m.addressee) return false;
  return myDeputyId ? m.addressee.id === myDeputyId : true;
}

const deputyEvents: Record<string, string> = {
  submit: '群众留言',
  assign: '联络站交给代表办理',
  hand_over: '代表转交联络站办理',
  reply: '答复群众',
  rate: '群众作出评价',
  fulfilled: '群众确认承诺已落实',
  reopen: '群众反映承诺未落实，重新办理',
};

/** A step of the handling (the timeline) in words a deputy reads. */
export function deputyEventWords(action: string): string {
  return deputyEvents[action] || actionWords(action);
}

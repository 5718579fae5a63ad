// A deputy's public card (what their code opens) and a message written to the deputy.
import { request } from '../services/request';
import { DeputyCard, DeputyMessageCreated, DeputyMessageInput } from './deputy-card';
import { Submission } from './messages';

export function getDeputyCard(id: number): Promise<DeputyCard> {
  return request<DeputyCard>({ path: `/api/v1/deputies/${id}`, auth: false });
}

/** As createMessage, to the deputy; `station_id` (one of theirs) says which station registers it. */
export function createDeputyMessage(deputyId: number, input: DeputyMessageInput, sub: Submission = {}): Promise<DeputyMessageCreated> {
  return request<DeputyMessageCreated>({
    method: 'POST',
    path: `/api/v1/deputies/${deputyId}/messages`,
    data: input,
    headers: sub.key ? { 'Idempotency-Key': sub.key } : undefined,
    retry: !!sub.key,
    onRepeat: sub.onRepeat,
  });
}

// Consultations on draft regulations (立法征询): the open ones that reach a station, a draft
// read article by article with how many opinions each article received, an opinion on an
// article or on the whole draft, the signed-in person's own opinions with their outcome, and,
// for a station's staff, the outcomes they pass on to people who left no contact.
//
// The shapes are names of the generated schema.ts types (the OpenAPI document's
// consultations.yaml): a change of the contract shows in tsc, in the pages that must follow.
import { request } from '../services/request';
import type { Submission } from './messages';
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** One of the open consultations that reach a station: its title, dates and how many articles it has. */
export type ConsultationBrief = Schemas['ConsultationBrief'];

/** GET /api/v1/consultations?station_id=: all of them at once (not paged). */
export type OpenConsultations = paths['/api/v1/consultations']['get']['responses'][200];

/** An article of the draft: its heading as written (第一条), its chapter ('' before any), its text, how many opinions it received. */
export type Article = Schemas['ConsultationArticle'];

/** GET /api/v1/consultations/{id}: the draft as the public reads it, by article. */
export type Consultation = Schemas['PublicConsultation'];

/** `open → closed → reviewed`, as the public sees a consultation. */
export type ConsultationStatus = Consultation['status'];

/**
 * What the mini program sends (POST /api/v1/consultations/{id}/opinions): every field of a
 * person's opinion, always (article_id null: the whole draft; station_id null: unknown).
 * `activity_id` and `consent` are the staff's, never sent from here.
 */
export type OpinionInput = Required<Pick<Schemas['OpinionInput'], 'article_id' | 'content' | 'name' | 'phone' | 'station_id'>>;

/** 201: the opinion as stored; `author_kind` `deputy` when the signed-in user is bound to a deputy. */
export type OpinionCreated = Schemas['OpinionCreated'];

/** Who gave an opinion: a member of the public, a deputy (a user bound to one), a meeting (entered by staff). */
export type AuthorKind = OpinionCreated['author_kind'];

/** One of my opinions (GET /api/v1/me/opinions); `outcome` and `reason` null until the review is finished. */
export type MyOpinion = Schemas['MyOpinion'];

/** What the office decided about an opinion once it reviewed it. */
export type Outcome = NonNullable<MyOpinion['outcome']>;

/** GET /api/v1/me/opinions: a page of them. */
export type MyOpinions = paths['/api/v1/me/opinions']['get']['responses'][200];

/**
 * The subscribe template (a key of /meta's subscribe_templates) of the notice that tells a
 * person the outcome of their opinions; asked for in the tap that sends the opinion.
 */
export const OUTCOME_TEMPLATE = 'opinion_outcome';

/** The open consultations that reach this station; anyone may read them (no sign-in). */
export function openConsultations(stationId: number): Promise<OpenConsultations> {
  return request<OpenConsultations>({ path: '/api/v1/consultations', query: { station_id: stationId }, auth: false });
}

/** A draft with its articles; anyone may read it. */
export function getConsultation(id: number): Promise<Consultation> {
  return request<Consultation>({ path: `/api/v1/consultations/${id}`, auth: false });
}

/**
 * Sends an opinion. With the form's Idempotency-Key the call is repeated after a network
 * failure: the backend answers a repeat with the first opinion instead of storing a second.
 * After the consultation closed: 409 `consultation_closed`.
 */
export function sendOpinion(id: number, input: OpinionInput, sub: Submission = {}): Promise<OpinionCreated> {
  return request<OpinionCreated>({
    method: 'POST',
    path: `/api/v1/consultations/${id}/opinions`,
    data: input,
    headers: sub.key ? { 'Idempotency-Key': sub.key } : undefined,
    retry: !!sub.key,
    onRepeat: sub.onRepeat,
  });
}

/** The signed-in person's opinions with their outcome and its reason, newest first. */
export function myOpinions(cursor = '', limit = 20): Promise<MyOpinions> {
  return request<MyOpinions>({ path: '/api/v1/me/opinions', query: { limit, cursor } });
}

/** An opinion said at a station by someone who left no way to be told (a meeting's, a walk-in's without phone). */
export type OpinionToPassOn = Schemas['OpinionToPassOn'];

/** A station's row of the tables: its counts, and the opinions its staff pass on (`station` null: sent without a station). */
export type StationStats = Schemas['ConsultationStationStats'];

/** GET /api/v1/admin/consultations/{id}/stats: the tables; a station's staff get their own stations' rows only. */
export type ConsultationStats = Schemas['ConsultationStats'];

/**
 * The tables of a consultation (staff): per station its counts and `to_pass_on`. A station's
 * staff see their own stations only; a consultation that reaches none of them is 404.
 */
export function consultationStats(id: number): Promise<ConsultationStats> {
  return request<ConsultationStats>({ path: `/api/v1/admin/consultations/${id}/stats` });
}

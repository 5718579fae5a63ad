// Consultations on draft regulations (立法征询): the open ones that reach a station, a draft
// read article by article with how many opinions each article received, an opinion on an
// article or on the whole draft, and the signed-in person's own opinions with their outcome.
//
// The shapes are written here by hand from the HTTP contract until the backend's OpenAPI
// document declares them; then they become names of schema.ts types, as in types.ts.
import { request } from '../services/request';
import type { Submission } from './messages';
import { Page } from './types';

/** `draft → open → closed → reviewed`; the public sees the last three. */
export type ConsultationStatus = 'draft' | 'open' | 'closed' | 'reviewed';

/** One of the open consultations that reach a station (GET /api/v1/consultations?station_id=). */
export interface ConsultationSummary {
  id: number;
  title: string;
  opens_at: string;
  closes_at: string;
  status: ConsultationStatus;
  /** How many articles the draft has (in the list only). */
  articles?: number;
}

/** An article of the draft: its heading (第一条), its chapter, its text, how many opinions it received. */
export interface Article {
  id: number;
  /** The article's heading as the draft writes it: 第一条. */
  number: string;
  /** The chapter (and section) it stands in: 第一章 总则, 第二章 监督管理 第一节 一般规定, 附则; '' before any chapter. */
  chapter: string;
  text: string;
  /** A count: opinions themselves are never published. */
  opinions: number;
}

/** GET /api/v1/consultations/{id}. */
export interface Consultation extends Omit<ConsultationSummary, 'articles'> {
  /** The drafting explanation (起草说明). */
  explanation: string;
  articles: Article[];
}

/** POST /api/v1/consultations/{id}/opinions. */
export interface OpinionInput {
  /** null: an opinion on the whole draft. */
  article_id: number | null;
  content: string;
  name: string;
  phone: string;
  /** The station the person came from (null when unknown). */
  station_id: number | null;
}

/** What the office decided about an opinion once it reviewed it. */
export type Outcome = 'adopted' | 'partly_adopted' | 'not_adopted' | 'for_reference';

/** Who gave an opinion: a member of the public, a deputy (a user bound to one), a meeting (entered by staff). */
export type AuthorKind = 'public' | 'deputy' | 'meeting';

/** 201: the opinion as stored. */
export interface OpinionCreated {
  id: number;
  consultation_id: number;
  article_id: number | null;
  /** `deputy` when the signed-in user is bound to a deputy: the opinion is marked as a deputy's. */
  author_kind: AuthorKind;
  created_at: string;
}

/** One of my opinions (GET /api/v1/me/opinions). */
export interface MyOpinion {
  id: number;
  consultation_id: number;
  consultation_title: string;
  /** null: on the whole draft. */
  article_id: number | null;
  /** The article's heading (第十二条); null on the whole draft. */
  article_number: string | null;
  content: string;
  created_at: string;
  /** null until the office reviewed it. */
  outcome: Outcome | null;
  /** The office's reason; null until reviewed. */
  reason: string | null;
}

/**
 * The subscribe template (a key of /meta's subscribe_templates) of the notice that tells a
 * person the outcome of their opinions; asked for in the tap that sends the opinion.
 */
export const OUTCOME_TEMPLATE = 'opinion_outcome';

/** The open consultations that reach this station; anyone may read them (no sign-in). */
export function openConsultations(stationId: number): Promise<Page<ConsultationSummary>> {
  return request<Page<ConsultationSummary>>({ path: '/api/v1/consultations', query: { station_id: stationId }, auth: false });
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
export function myOpinions(cursor = '', limit = 20): Promise<Page<MyOpinion>> {
  return request<Page<MyOpinion>>({ path: '/api/v1/me/opinions', query: { limit, cursor } });
}

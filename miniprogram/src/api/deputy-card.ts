// The shapes of a deputy's public card and of a message written to a deputy (issue 21), as the
// contract says them (API.md, "Deputy codes"). Declared here until the backend's paths are in
// the OpenAPI document; then they become names of schema.ts's types (`npm run gen:types`).
import type { Level, MessageCreated, MessageInput } from './types';

export interface IdName {
  id: number;
  name: string;
}

/**
 * A reception day the deputy is on duty at. The card's field that holds them is still being
 * named (`duty_days` or `reception_days`); each has its time (`start_at`, or a bare `date`) and
 * the station.
 */
export interface DutyDay {
  id?: number;
  title?: string;
  date?: string;
  start_at?: string;
  end_at?: string | null;
  venue?: string;
  station_id?: number;
  station_name?: string;
  station?: IdName;
}

/** GET /api/v1/deputies/{id}: no phone, no employer. */
export interface DeputyCard {
  id: number;
  name: string;
  levels: Level[];
  active: boolean;
  stations: IdName[];
  duty_days?: DutyDay[];
  reception_days?: DutyDay[];
}

/** POST /api/v1/deputies/{id}/messages: the station intake's fields, and one of the deputy's stations. */
export type DeputyMessageInput = MessageInput & { station_id?: number };

/** 201: as the station intake's, with the deputy it went to. */
export type DeputyMessageCreated = MessageCreated & { addressee?: IdName | null };

// A deputy's public card (what their code opens) and a message written to a deputy, as the
// OpenAPI document declares them (generated into schema.ts).
import type { components } from './schema';
import type { MessageCreated, MessageInput } from './types';

type Schemas = components['schemas'];

export type IdName = Schemas['DeputyStation'];
/** An upcoming reception day the deputy is on duty at (no leave asked). */
export type DutyDay = Schemas['DutyDay'];
/** GET /api/v1/deputies/{id}: no phone, no employer. */
export type DeputyCard = Schemas['DeputyCard'];

/** POST /api/v1/deputies/{id}/messages: the station intake's fields, and one of the deputy's stations. */
export type DeputyMessageInput = MessageInput & { station_id?: number };

/** 201: as the station intake's, with the deputy it went to. */
export type DeputyMessageCreated = MessageCreated;

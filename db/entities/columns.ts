import type { EntitySchemaColumnOptions } from 'typeorm';
import type { EntitySchemaColumnForeignKeyOptions } from 'typeorm/entity-schema/EntitySchemaColumnForeignKeyOptions.js';

/** Column shorthands so each entity file reads like its table. */
export const id = (): EntitySchemaColumnOptions => ({ type: 'int', primary: true, generated: 'increment' });
/** A reference column; with `foreignKey`, the constraint as the migrations create it. */
export const ref = (nullable = false, foreignKey?: EntitySchemaColumnForeignKeyOptions): EntitySchemaColumnOptions => ({
  type: 'int',
  nullable,
  ...(foreignKey ? { foreignKey } : {}),
});
export const fk = (
  target: string,
  name: string,
  onDelete: 'CASCADE' | 'RESTRICT' | 'SET NULL',
): EntitySchemaColumnForeignKeyOptions => ({
  target,
  name,
  onDelete,
  onUpdate: 'NO ACTION',
});
export const text = (nullable = false): EntitySchemaColumnOptions => ({ type: 'text', nullable });
export const bool = (dflt: boolean): EntitySchemaColumnOptions => ({ type: 'boolean', default: dflt });
export const date = (nullable = false): EntitySchemaColumnOptions => ({ type: 'date', nullable });
export const ts = (nullable = false): EntitySchemaColumnOptions => ({ type: 'timestamptz', nullable });
export const createdAt = (): EntitySchemaColumnOptions => ({ type: 'timestamptz', createDate: true });
export const updatedAt = (): EntitySchemaColumnOptions => ({ type: 'timestamptz', updateDate: true });
export const json = (nullable = false): EntitySchemaColumnOptions => ({ type: 'jsonb', nullable });
/** The entity's id in the school's own e-journal; unique per school (see the entity's indices). */
export const externalId = (): EntitySchemaColumnOptions => ({ type: 'text', nullable: true });
/** Who wrote the row: `staff:<id>`, `cli:import`, `cli:seed`, `feed:<school>`, `account:<id>`. */
export const actor = (): EntitySchemaColumnOptions => ({ type: 'text' });

/** Partial unique index on (schoolId, externalId) for idempotent upserts by a sync feed. */
export const externalIdIndex = (table: string) => ({
  name: `uq_${table}_external`,
  columns: ['schoolId', 'externalId'],
  unique: true,
  where: '"externalId" IS NOT NULL',
});

/** The messengers a chat or a user id belongs to (core/messenger.ts); rows from before MAX are Telegram's. */
export const MESSENGERS = ['telegram', 'max'] as const;
export type Messenger = (typeof MESSENGERS)[number];
export const messenger = (): EntitySchemaColumnOptions => ({ type: 'text', default: 'telegram' });

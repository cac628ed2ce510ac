import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { fold } from '../common/text';
import { BaseEntity } from '../database/base.entity';
import { UnitKind } from './unit-kinds';

@Entity('units')
export class Unit extends BaseEntity {
  /** Official code; unique and never reused, even after the unit ends. */
  @Index('IDX_units_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  kind: UnitKind;

  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parentId' })
  parent?: Unit | null;

  /** yyyy-mm-dd */
  @Column({ type: 'date', nullable: true })
  validFrom: string | null;

  /** yyyy-mm-dd; set when the unit is merged or split away. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  /** Code and name without diacritics, lower case, for search. */
  @Column({ type: 'varchar', length: 400, default: '' })
  searchText: string;

  constructor(init?: Partial<Unit>) {
    super();
    Object.assign(this, init);
  }

  /** A new unit in force, with its search text. */
  static create(fields: { code: string; name: string; kind: UnitKind; parentId?: number | null; validFrom?: string | null }): Unit {
    return new Unit({
      code: fields.code,
      name: fields.name,
      kind: fields.kind,
      parentId: fields.parentId ?? null,
      validFrom: fields.validFrom ?? null,
      validTo: null,
      searchText: Unit.searchTextOf(fields.code, fields.name),
    });
  }

  static searchTextOf(code: string, name: string): string {
    return fold(`${code} ${name}`).slice(0, 400);
  }
}

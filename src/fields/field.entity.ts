import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

/** Field (lĩnh vực) of administrative reform; the six of Nghị quyết 76/NQ-CP are seeded. */
@Entity('fields')
export class Field extends BaseEntity {
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  constructor(init?: Partial<Field>) {
    super();
    Object.assign(this, init);
  }
}

import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Band } from '../reviews/scoring';

/** A scoring criterion of a round, e.g. "Tính mới", 30 points, with its bands. */
@Entity('criteria')
export class Criterion extends BaseEntity {
  @Column({ type: 'integer' })
  roundId: number;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'double precision' })
  maxPoints: number;

  @Column({ type: 'double precision', nullable: true })
  weight: number | null;

  @Column({ type: 'simple-json', nullable: true })
  bands: Band[] | null;

  constructor(init?: Partial<Criterion>) {
    super();
    Object.assign(this, init);
  }
}

/** The common sheet (total 100), seeded into every new round. */
export const DEFAULT_CRITERIA: Omit<Criterion, 'id' | 'roundId' | 'createdAt' | 'updatedAt'>[] = [
  {
    position: 0,
    name: 'Tính mới',
    description: 'Sáng kiến chưa được áp dụng ở nơi khác, hoặc cải tiến rõ so với cách làm trước.',
    maxPoints: 30,
    weight: null,
    bands: [
      { min: 27, max: 30, label: 'hoàn toàn mới' },
      { min: 21, max: 26, label: 'cải tiến tốt' },
      { min: 16, max: 20, label: 'trung bình' },
      { min: 1, max: 15, label: 'cải tiến nhỏ' },
      { min: 0, max: 0, label: 'không có tính mới' },
    ],
  },
  { position: 1, name: 'Tính khoa học, khả thi', description: 'Giải pháp có cơ sở, hợp quy định, thực hiện được với điều kiện hiện có.', maxPoints: 20, weight: null, bands: null },
  { position: 2, name: 'Khả năng áp dụng, nhân rộng', description: 'Áp dụng được ở các cơ quan, đơn vị khác.', maxPoints: 20, weight: null, bands: null },
  { position: 3, name: 'Hiệu quả', description: 'Lợi ích kinh tế, xã hội đo được khi áp dụng.', maxPoints: 30, weight: null, bands: null },
];

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Round } from './round.entity';

/** Rounds, as far as initiatives need them (the council feature manages them). */
@Injectable()
export class RoundsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<Round[]> {
    return this.db.getRepository(Round).find({ order: { year: 'DESC', id: 'DESC' } });
  }

  open(): Promise<Round[]> {
    return this.db.getRepository(Round).find({ where: { status: 'open' }, order: { year: 'DESC', id: 'DESC' } });
  }
}

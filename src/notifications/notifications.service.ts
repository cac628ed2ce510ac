import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { Notification } from './notification.entity';

/** In-app notifications (new assignments, reopened sheets, decisions, reminders). */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /** Within the caller's transaction. */
  async notify(m: EntityManager, userIds: number[], kind: string, message: string, link: string): Promise<void> {
    for (const userId of new Set(userIds)) await m.save(new Notification({ userId, kind, message: message.slice(0, 500), link, readAt: null }));
  }

  unread(userId: number, limit = 20): Promise<Notification[]> {
    return this.db.getRepository(Notification).find({ where: { userId, readAt: IsNull() }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** Marks as read what points to this page (the person has now seen it). */
  async seen(userId: number, link: string): Promise<void> {
    await this.uow.write((m) => m.update(Notification, { userId, link, readAt: IsNull() }, { readAt: new Date() }));
  }
}

import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { Notification } from './notification.entity';

/**
 * In-app notifications (new assignments, reopened sheets, decisions, reminders). Its one
 * table is small enough to be queried here, through the current unit of work.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly uow: UnitOfWork) {}

  private get notifications() {
    return this.uow.repository(Notification);
  }

  /** Within the current unit of work (it commits or rolls back with the change it tells of). */
  async tell(userIds: number[], kind: string, message: string, link: string): Promise<void> {
    for (const userId of new Set(userIds)) await this.notifications.save(new Notification({ userId, kind, message: message.slice(0, 500), link, readAt: null }));
  }

  unread(userId: number, limit = 20): Promise<Notification[]> {
    return this.notifications.find({ where: { userId, readAt: IsNull() }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** Marks as read what points to this page (the person has now seen it). */
  async seen(userId: number, link: string): Promise<void> {
    await this.uow.write((m) => m.update(Notification, { userId, link, readAt: IsNull() }, { readAt: new Date() }));
  }
}

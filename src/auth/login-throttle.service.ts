import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { LoginFailure } from './login-failure.entity';

export const THROTTLE_WINDOW_MINUTES = 15;
/** Failures allowed per username in the window. */
export const MAX_FAILURES_PER_USERNAME = 5;
/** Per address, higher: a whole commune office often shares one address. */
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface ThrottleState {
  blocked: boolean;
  /** Minutes until the oldest counted failure leaves the window. */
  retryInMinutes: number;
}

/** Decides from the failures in the window; pure, so it is tested on its own. */
export function throttleState(failuresByUser: Date[], failuresByAddress: Date[], now: Date): ThrottleState {
  const windowMs = THROTTLE_WINDOW_MINUTES * 60_000;
  const retry = (list: Date[], max: number) => {
    const sorted = [...list].sort((a, b) => b.getTime() - a.getTime());
    // The window frees up when the max-th most recent failure gets old enough.
    const pivot = sorted[max - 1];
    return Math.max(1, Math.ceil((pivot.getTime() + windowMs - now.getTime()) / 60_000));
  };
  if (failuresByUser.length >= MAX_FAILURES_PER_USERNAME) return { blocked: true, retryInMinutes: retry(failuresByUser, MAX_FAILURES_PER_USERNAME) };
  if (failuresByAddress.length >= MAX_FAILURES_PER_ADDRESS) return { blocked: true, retryInMinutes: retry(failuresByAddress, MAX_FAILURES_PER_ADDRESS) };
  return { blocked: false, retryInMinutes: 0 };
}

@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async state(username: string, ip: string, now = new Date()): Promise<ThrottleState> {
    const since = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
    const repo = this.db.getRepository(LoginFailure);
    const [byUser, byAddress] = await Promise.all([
      repo.find({ where: { username: username.toLowerCase(), at: MoreThan(since) }, select: { at: true } }),
      repo.find({ where: { ip, at: MoreThan(since) }, select: { at: true } }),
    ]);
    return throttleState(
      byUser.map((f) => f.at),
      byAddress.map((f) => f.at),
      now,
    );
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await this.uow.write(async (m) => {
      await m.insert(LoginFailure, { username: username.toLowerCase().slice(0, 64), ip: ip.slice(0, 64), at: new Date() });
      // Old failures count for nothing; keep the table small.
      await m.delete(LoginFailure, { at: LessThan(new Date(Date.now() - 24 * 60 * 60_000)) });
    });
  }

  async clear(username: string): Promise<void> {
    await this.uow.write((m) => m.delete(LoginFailure, { username: username.toLowerCase() }));
  }
}

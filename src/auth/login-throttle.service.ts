import { Injectable } from '@nestjs/common';
import { LessThan, MoreThan } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { LoginFailure } from './login-failure.entity';

export const THROTTLE_WINDOW_MINUTES = 15;
/** Failures allowed for one username from one address in the window. */
export const MAX_FAILURES_PER_PAIR = 5;
/** Per address, higher: a whole commune office often shares one address. */
export const MAX_FAILURES_PER_ADDRESS = 20;
/**
 * Per username from every address: the slower limit on an attack spread over many
 * addresses. It never applies to a browser that has signed in as this user before (see
 * device-cookie.ts), so an attacker cannot lock the owner out.
 */
export const MAX_FAILURES_PER_USERNAME = 30;
/** A browser that has signed in as the user before: only its own address's failures count. */
export const MAX_FAILURES_TRUSTED = 10;

/**
 * Failed sign-ins recorded in the audit in one window, whatever the address: the
 * throttle's limits bound each name and address, and this bounds the many addresses of a
 * spread-out attack (each failure costs a password hash, so up to some 80 a second). The
 * audit is never pruned; the failures themselves still count for throttling.
 */
export const MAX_AUDITED_FAILURES = 300;

/** Whether a failed sign-in is recorded, from the failures already counted in the window. */
export function failureAudit(failuresInWindow: number): 'each' | 'last' | 'none' {
  if (failuresInWindow < MAX_AUDITED_FAILURES) return 'each';
  return failuresInWindow === MAX_AUDITED_FAILURES ? 'last' : 'none';
}

export interface ThrottleState {
  blocked: boolean;
  /** Minutes until the oldest counted failure leaves the window. */
  retryInMinutes: number;
}

export interface Failures {
  /** This username from this address. */
  pair: Date[];
  /** Any username from this address. */
  address: Date[];
  /** This username from any address. */
  username: Date[];
}

/** Decides from the failures in the window; pure, so it is tested on its own. */
export function throttleState(failures: Failures, trustedDevice: boolean, now: Date): ThrottleState {
  const windowMs = THROTTLE_WINDOW_MINUTES * 60_000;
  const retry = (list: Date[], max: number) => {
    const sorted = [...list].sort((a, b) => b.getTime() - a.getTime());
    // The window frees up when the max-th most recent failure gets old enough.
    const pivot = sorted[max - 1];
    return Math.max(1, Math.ceil((pivot.getTime() + windowMs - now.getTime()) / 60_000));
  };
  const limits: [Date[], number][] = trustedDevice
    ? [[failures.pair, MAX_FAILURES_TRUSTED]]
    : [
        [failures.pair, MAX_FAILURES_PER_PAIR],
        [failures.address, MAX_FAILURES_PER_ADDRESS],
        [failures.username, MAX_FAILURES_PER_USERNAME],
      ];
  const hit = limits.filter(([list, max]) => list.length >= max);
  if (hit.length === 0) return { blocked: false, retryInMinutes: 0 };
  return { blocked: true, retryInMinutes: Math.max(...hit.map(([list, max]) => retry(list, max))) };
}

@Injectable()
export class LoginThrottleService {
  constructor(private readonly uow: UnitOfWork) {}

  async state(username: string, ip: string, trustedDevice: boolean, now = new Date()): Promise<ThrottleState> {
    const since = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
    const repo = this.uow.repository(LoginFailure);
    const name = username.toLowerCase();
    const times = async (where: Partial<Record<'username' | 'ip', string>>) => (await repo.find({ where: { ...where, at: MoreThan(since) }, select: { at: true } })).map((f) => f.at);
    const [pair, address, byUsername] = await Promise.all([times({ username: name, ip }), times({ ip }), times({ username: name })]);
    return throttleState({ pair, address, username: byUsername }, trustedDevice, now);
  }

  /** Failed sign-ins in the window, every name and address (indexed by time). */
  failuresInWindow(now = new Date()): Promise<number> {
    return this.uow.repository(LoginFailure).count({ where: { at: MoreThan(new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000)) } });
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await this.uow.write(async (m) => {
      await m.insert(LoginFailure, { username: username.toLowerCase().slice(0, 64), ip: ip.slice(0, 64), at: new Date() });
      // Old failures count for nothing; keep the table small.
      await m.delete(LoginFailure, { at: LessThan(new Date(Date.now() - 24 * 60 * 60_000)) });
    });
  }

  /** After a successful sign-in: the failures of this username from this address are forgiven. */
  async clear(username: string, ip: string): Promise<void> {
    await this.uow.write((m) => m.delete(LoginFailure, { username: username.toLowerCase(), ip }));
  }
}

import { Unit } from './unit.entity';

/**
 * Every unit as read at one moment (UnitsService.all), with what pages build from the whole
 * list (the options of a filter of 5,000 units) kept on it. The list lives in the read cache,
 * so it and what was built from it go together when a change to units commits (here or on
 * another instance): what is built is kept per reading, never beyond. Shared: neither the list nor
 * what `derived` returns may be changed by a caller.
 */
export class UnitList extends Array<Unit> {
  /** Lists made from this one (filter, map, slice) are plain arrays: they are not this reading. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  readonly #built = new Map<string, unknown>();

  /** The units read, as one list. */
  static read(units: readonly Unit[]): UnitList {
    const list = new UnitList();
    for (const unit of units) list.push(unit);
    return list;
  }

  /** What `build` makes of this list, made once per key (the key says everything `build` reads besides the list). */
  derived<T>(key: string, build: () => T): T {
    if (this.#built.has(key)) return this.#built.get(key) as T;
    const value = build();
    this.#built.set(key, value);
    return value;
  }
}

/** What `build` makes of these units: kept on the list if it is a reading (UnitList), else made for this call only. */
export function derivedFrom<T>(units: readonly Unit[], key: string, build: () => T): T {
  return units instanceof UnitList ? units.derived(key, build) : build();
}

import { Injectable } from '@nestjs/common';
import { formatDate, todayIso } from '../common/dates';
import { fold } from '../common/text';
import { Extensions, INITIATIVE_EFFECTS, InitiativeEffectsContribution } from '../common/extensions';
import { RequestContext } from '../common/request-context';
import { InitiativesService } from '../initiatives/initiatives.service';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import { DecisionsService } from './decisions.service';
import { Recognition, recognitionsOf } from './recognitions';

/** A person's recognised initiatives: the page and the exported rows. */
@Injectable()
export class RecognitionsView {
  constructor(
    private readonly initiatives: InitiativesService,
    private readonly decisions: DecisionsService,
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly extensions: Extensions,
  ) {}

  /** The rows of `userId` for this person: their own, or an account they manage (403 otherwise). */
  async rows(ctx: RequestContext, userId: number): Promise<{ rows: Recognition[]; person: { fullName: string; position: string; unitName: string }; fileStem: string }> {
    if (userId !== ctx.user.id) await this.users.assertManages(ctx, userId);
    const [user, authored, all] = await Promise.all([this.users.findOne(userId), this.initiatives.authoredBy(userId), this.units.all()]);
    const ids = authored.map((i) => i.id);
    const [decisions, ...effects] = await Promise.all([this.decisions.forInitiatives(ids), ...this.extensions.of<InitiativeEffectsContribution>(INITIATIVE_EFFECTS).map((x) => x.recognised(ids))]);
    const names = new Map(all.map((u) => [u.id, u.name]));
    const rows = recognitionsOf(userId, authored, decisions, (id) => (id === null ? '' : (names.get(id) ?? '')), new Map(effects.flatMap((m) => [...m])));
    const person = { fullName: user.fullName, position: user.position ?? '', unitName: names.get(user.unitId) ?? '' };
    return { rows, person, fileStem: `sang-kien-duoc-cong-nhan-${fold(user.fullName).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || user.id}` };
  }

  async page(ctx: RequestContext, userId: number) {
    const { rows, person } = await this.rows(ctx, userId);
    const own = userId === ctx.user.id;
    const base = own ? '/account/recognitions' : `/users/${userId}/recognitions`;
    return {
      title: own ? 'Sáng kiến của tôi được công nhận' : `Sáng kiến được công nhận: ${person.fullName}`,
      own,
      person,
      rows: rows.map((r, k) => ({ ...r, n: k + 1, href: `/initiatives/${r.id}`, decisionDate: formatDate(r.decisionDate) })),
      printedOn: formatDate(todayIso()),
      exports: { xlsx: `${base}.xlsx`, csv: `${base}.csv` },
      extraScripts: ['/assets/js/print.js'],
    };
  }
}

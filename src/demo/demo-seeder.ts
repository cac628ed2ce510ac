import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { hashPassword } from '../auth/passwords';
import { AuditService } from '../audit/audit.service';
import { SYSTEM_ACTOR } from '../audit/audit.types';
import { fold } from '../common/text';
import { UnitOfWork } from '../database/unit-of-work';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { DEMO_PASSWORD, DEMO_UNITS, DEMO_USERS } from './demo-data';

/**
 * Fills an empty demo database with huyện Vĩnh Linh, its units and demo users. Runs
 * before the first-admin check, so `admin` gets the demo password.
 */
@Injectable()
export class DemoSeeder implements OnModuleInit {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.seed();
  }

  async seed(): Promise<boolean> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const seeded = await this.uow.run(async (m) => {
      if ((await m.count(User)) > 0 || (await m.count(Unit)) > 0) return false;
      const ids = new Map<string, number>();
      for (const u of DEMO_UNITS) {
        const unit = await m.save(Unit.create({ code: u.code, name: u.name, kind: u.kind, parentId: u.parent ? ids.get(u.parent) : null }));
        ids.set(u.code, unit.id);
      }
      for (const u of DEMO_USERS) {
        await m.save(
          new User({
            username: u.username,
            fullName: u.fullName,
            position: u.position,
            unitId: ids.get(u.unit) as number,
            roles: u.roles,
            active: true,
            passwordHash,
            mustChangePassword: false,
            searchText: fold(`${u.username} ${u.fullName} ${u.position}`),
          }),
        );
      }
      await this.audit.record(m, SYSTEM_ACTOR, {
        action: 'demo.seed',
        entityType: 'unit',
        summary: `Dữ liệu mẫu: ${DEMO_UNITS.length} đơn vị huyện Vĩnh Linh và ${DEMO_USERS.length} người dùng`,
      });
      return true;
    });
    if (seeded) this.logger.log(`Dữ liệu mẫu đã sẵn sàng. Đăng nhập: admin / ${DEMO_PASSWORD}`);
    return seeded;
  }
}

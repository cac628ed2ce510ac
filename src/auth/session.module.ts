import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseSessionStore } from './session-store';
import { SessionRecord } from './session.entity';

/** The server-side session store, shared by sign-in and user administration. */
@Module({
  imports: [TypeOrmModule.forFeature([SessionRecord])],
  providers: [DatabaseSessionStore],
  exports: [DatabaseSessionStore],
})
export class SessionModule {}

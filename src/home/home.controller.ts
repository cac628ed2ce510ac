import { Controller, Get, Render } from '@nestjs/common';
import { Ctx } from '../common/decorators';
import { HomeView } from './home.view';
import { RequestContext } from '../common/request-context';

@Controller()
export class HomeController {
  constructor(private readonly view: HomeView) {}

  /** "Việc cần làm": what needs this person's attention, by role. */
  @Get()
  @Render('home/index')
  home(@Ctx() ctx: RequestContext) {
    return this.view.home(ctx);
  }
}

import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../common/current-user';
import { User } from '../common/decorators';
import { HomeView } from './home.view';

@Controller()
export class HomeController {
  constructor(private readonly view: HomeView) {}

  /** "Việc cần làm": what needs this person's attention, by role. */
  @Get()
  @Render('home/index')
  home(@User() user: CurrentUser) {
    return this.view.home(user);
  }
}

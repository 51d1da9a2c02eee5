import { h, replace } from '../dom.js';
export async function render(ctx) {
  replace(ctx.view, h('h1', null, 'Triggers'));
}

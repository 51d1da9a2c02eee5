// Overview: filled in by the delivery statistics.
import { h, replace } from '../dom.js';
export async function render(ctx) {
  replace(ctx.view, h('h1', null, 'Overview'), h('p', null, h('a', { href: '#/deliveries' }, 'Deliveries')));
}

// The baseline for bench:api: a bare Koa handler answering a fixed JSON body.
import Koa from 'koa';

const body = JSON.parse(process.env.BARE_BODY ?? '{}');
const app = new Koa();
app.use((ctx) => {
  ctx.body = body;
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

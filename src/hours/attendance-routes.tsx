import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { mondayOf, parseDay } from '../platform/calendar.ts';
import type { AppEnv } from '../platform/context.ts';
import { renderAttendanceSheet } from './attendance-sheet.pdf.ts';
import { attendanceSheet } from './attendance-sheet.ts';

/** The weekly attendance sheet (feuille d’émargement) of a workshop, to print: its coordinators and its partner. */
export const attendanceRoutes = new Hono<AppEnv>();

attendanceRoutes.get('/ateliers/:id{[0-9]+}/pointage/emargement.pdf', async (c) => {
  const monday = mondayOf(parseDay(c.req.query('semaine') ?? '') ?? c.var.clock.today());
  const data = await attendanceSheet(c.var.em, c.var.scope, Number(c.req.param('id')), monday, c.var.clock.now());
  return c.body(Readable.toWeb(renderAttendanceSheet(data)) as ReadableStream, 200, {
    'Content-Type': 'application/pdf',
    // Opened in the browser's viewer, ready to print; saved under a name that says which week.
    'Content-Disposition': `inline; filename="${data.fileName}"`,
    'Cache-Control': 'no-store',
  });
});

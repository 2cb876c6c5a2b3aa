import type { Child } from 'hono/jsx';

/**
 * Server-drawn SVG charts (no script), each followed by its data as a table behind a
 * disclosure, for those who do not see the chart (RGAA: an alternative to an image that carries
 * information). Colours from the DSFR's illustrative palette, with a pattern of line styles so
 * that two series never differ by colour alone.
 */

export interface Series {
  label: string;
  /** One value per category; null where there is no value (a rate over nobody). */
  values: Array<number | null>;
}

interface ChartProps {
  id: string;
  title: string;
  categories: string[];
  series: Series[];
  /** How a value reads in the table and on the axis: « 17,5 h », « 75 % ». */
  format: (value: number) => string;
}

const COLOURS = ['#000091', '#E1000F', '#009081', '#B34000'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];
const W = 640;
const H = 240;
const PAD = { left: 64, right: 16, top: 16, bottom: 40 };

function scaleOf(series: Series[]): { max: number; ticks: number[] } {
  const top = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  if (top === 0) return { max: 1, ticks: [0, 1] };
  const step = 10 ** Math.floor(Math.log10(top));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * step).find((s) => top / s <= 5) ?? step * 10;
  const max = Math.ceil(top / nice) * nice;
  return { max, ticks: Array.from({ length: Math.round(max / nice) + 1 }, (_, i) => i * nice) };
}

function Frame({ id, title, categories, series, format, children }: ChartProps & { children: Child }) {
  return (
    <figure class="atelier-chart fr-mt-2w" id={id}>
      <figcaption class="fr-text--bold">{title}</figcaption>
      {children}
      <ul class="atelier-chart-legend fr-text--sm">
        {series.map((s, i) => (
          <li>
            <svg width="28" height="10" aria-hidden="true">
              <line x1="0" y1="5" x2="28" y2="5" stroke={COLOURS[i % COLOURS.length]} stroke-width="3" stroke-dasharray={DASHES[i % DASHES.length]} />
            </svg>{' '}
            {s.label}
          </li>
        ))}
      </ul>
      <details class="atelier-chart-data">
        <summary>Voir les données du graphique</summary>
        <table class="fr-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Période</th>
              {series.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {categories.map((c, i) => (
              <tr>
                <th scope="row">{c}</th>
                {series.map((s) => (
                  <td>{s.values[i] === null || s.values[i] === undefined ? '—' : format(s.values[i] as number)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function Axes({
  categories,
  ticks,
  max,
  format,
  y,
}: {
  categories: string[];
  ticks: number[];
  max: number;
  format: (v: number) => string;
  y: (v: number) => number;
}) {
  const band = (W - PAD.left - PAD.right) / Math.max(1, categories.length);
  return (
    <g class="atelier-chart-axes" font-size="11" fill="#3a3a3a">
      {ticks.map((t) => (
        <g>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#ddd" />
          <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      {categories.map((c, i) => (
        <text x={PAD.left + band * i + band / 2} y={H - PAD.bottom + 16} text-anchor="middle">
          {c}
        </text>
      ))}
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={y(0)} stroke="#666" />
      <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="#666" />
      <title>{`Échelle de 0 à ${format(max)}`}</title>
    </g>
  );
}

/** Series over time, one line each (a point per category). */
export function LineChart(props: ChartProps & { max?: number }) {
  const scale = props.max === undefined ? scaleOf(props.series) : { max: props.max, ticks: [0, 0.25, 0.5, 0.75, 1].map((f) => f * (props.max as number)) };
  const y = (v: number) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * v) / scale.max;
  const band = (W - PAD.left - PAD.right) / Math.max(1, props.categories.length);
  const x = (i: number) => PAD.left + band * i + band / 2;
  return (
    <Frame {...props}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title} : graphique, données dans le tableau qui suit`} class="atelier-chart-svg">
        <Axes categories={props.categories} ticks={scale.ticks} max={scale.max} format={props.format} y={y} />
        {props.series.map((s, si) => {
          const points = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
          const path = points.filter((p) => p !== null).join(' ');
          return (
            <g>
              <polyline points={path} fill="none" stroke={COLOURS[si % COLOURS.length]} stroke-width="2.5" stroke-dasharray={DASHES[si % DASHES.length]} />
              {points.map((p) => (p === null ? null : <circle cx={p.split(',')[0]} cy={p.split(',')[1]} r="3" fill={COLOURS[si % COLOURS.length]} />))}
            </g>
          );
        })}
      </svg>
    </Frame>
  );
}

/** Values side by side per category (one bar per series), e.g. end reasons or hours per month. */
export function BarChart(props: ChartProps) {
  const scale = scaleOf(props.series);
  const y = (v: number) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * v) / scale.max;
  const band = (W - PAD.left - PAD.right) / Math.max(1, props.categories.length);
  const width = (band * 0.7) / Math.max(1, props.series.length);
  return (
    <Frame {...props}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title} : graphique, données dans le tableau qui suit`} class="atelier-chart-svg">
        <Axes categories={props.categories} ticks={scale.ticks} max={scale.max} format={props.format} y={y} />
        {props.series.map((s, si) =>
          s.values.map((v, i) =>
            v === null || v === 0 ? null : (
              <rect
                x={(PAD.left + band * i + band * 0.15 + width * si).toFixed(1)}
                y={y(v).toFixed(1)}
                width={width.toFixed(1)}
                height={(y(0) - y(v)).toFixed(1)}
                fill={COLOURS[si % COLOURS.length]}
                fill-opacity={si % 2 === 0 ? '1' : '0.75'}
                stroke={COLOURS[si % COLOURS.length]}
              />
            ),
          ),
        )}
      </svg>
    </Frame>
  );
}

/**
 * The investigation views' state: which route is open, and the page model its queries produced.
 * The page builders live in `investigate/` (pure, DOM-free, tested on the lab in Node); this class
 * only sequences them with the Workbench's `evaluate` and drops results of superseded routes.
 */
import type { KqlRunner } from '../investigate/kql.ts';
import { parseRoute, type Route } from '../investigate/routes.ts';
import { loadPage, type Page, type PageContext } from '../investigate/pages.ts';

export class Investigation {
  /** The open route (null: the editor is shown). */
  route = $state.raw<Route | null>(null);
  /** A malformed route or a failed load. */
  error = $state<string | null>(null);
  loading = $state(false);
  page = $state.raw<Page | null>(null);
  ms = $state<number | null>(null);
  private seq = 0;

  constructor(
    private readonly run: KqlRunner,
    /** What the views need of the open dataset's catalog (its Conditional Access policies, its indexes). */
    private readonly context: () => PageContext = () => ({}),
  ) {}

  /** Opens the view for a location hash; returns false when the hash is not an investigation route. */
  open(hash: string): boolean {
    const parsed = parseRoute(hash);
    const seq = ++this.seq;
    if (!parsed) {
      this.route = null;
      this.page = null;
      this.error = null;
      this.loading = false;
      return false;
    }
    if (!parsed.ok) {
      this.route = null;
      this.page = null;
      this.error = parsed.error;
      this.loading = false;
      return true;
    }
    this.route = parsed.route;
    this.error = null;
    this.page = null;
    this.loading = true;
    const t0 = performance.now();
    loadPage(this.run, parsed.route, this.context())
      .then((p) => {
        if (seq !== this.seq) return;
        this.page = p;
        this.ms = performance.now() - t0;
      })
      .catch((e) => {
        if (seq !== this.seq) return;
        this.error = `The view could not be built: ${(e as Error).message ?? e}`;
      })
      .finally(() => {
        if (seq === this.seq) this.loading = false;
      });
    return true;
  }

  /** True while a route (or a route error) is shown. */
  get active(): boolean {
    return this.route !== null || this.error !== null;
  }
}

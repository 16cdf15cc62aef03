// Stable step ids. Explicit ids (`#id`, `id=`, `name=`) win; the rest are derived from the
// enclosing heading's anchor and the step's position under that heading, so editing text
// elsewhere (or above, outside the section) leaves them unchanged.
import type { Diagnostic } from './model';
import { diagnostic } from './diagnostics';

export interface IdRequest {
  readonly kind: 'code' | 'check';
  readonly explicit?: { readonly id: string; readonly line: number; readonly column: number; readonly endColumn: number };
  /** Anchor of the nearest heading ('' before the first heading). */
  readonly anchor: string;
  /** 1-based position among steps of the same kind under that heading. */
  readonly position: number;
}

export function derivedId(anchor: string, kind: 'code' | 'check', position: number): string {
  if (kind === 'code') return `${anchor || 'step'}-${position}`;
  return anchor ? `${anchor}-check-${position}` : `check-${position}`;
}

/** Returns one id per request; reports explicit duplicates at the later occurrence. */
export function assignIds(requests: readonly IdRequest[], out: Diagnostic[]): string[] {
  const used = new Map<string, number>();
  for (const r of requests) {
    if (!r.explicit) continue;
    const first = used.get(r.explicit.id);
    if (first === undefined) used.set(r.explicit.id, r.explicit.line);
    else {
      out.push(diagnostic('error', 'duplicate-id', r.explicit.line, r.explicit.column,
        `step id '${r.explicit.id}' is already used by the step at line ${first}: give this step a different id`,
        { endColumn: r.explicit.endColumn, data: { firstLine: String(first) } }));
    }
  }
  return requests.map((r) => {
    if (r.explicit) return r.explicit.id;
    const base = derivedId(r.anchor, r.kind, r.position);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.set(id, 0);
    return id;
  });
}

/** GitHub-style de-duplication of heading anchors: the second `foo` becomes `foo-1`. */
export class AnchorAllocator {
  private readonly seen = new Map<string, number>();
  allocate(slug: string): string {
    const base = slug || 'section';
    const n = this.seen.get(base);
    this.seen.set(base, (n ?? 0) + 1);
    return n === undefined ? base : `${base}-${n}`;
  }
}

// Which instance's budget each open descriptor and listing counts against, until dropped or collected.
import type { DescriptorBudget } from "./descriptor-budget.js";
import type { Method } from "./descriptor-types.js";

/** Open descriptors and listings → the budget they count against, until dropped or collected. */
const held = new WeakMap<object, DescriptorBudget>();

const collected = new FinalizationRegistry<DescriptorBudget>((budget) => budget.give());

const COUNTED = Symbol.for("@wasi-mcp/host.fs-guard.counted");

/** A descriptor or listing the guest drops gives its place in the budget back. */
export function countDisposals(prototype: Record<string | symbol, unknown>): void {
  if (prototype[COUNTED]) return;
  const dispose = prototype[Symbol.dispose] as Method;
  prototype[Symbol.dispose] = function disposed(this: object) {
    release(this);
    return dispose.call(this);
  };
  prototype[COUNTED] = true;
}

/** Counts a new descriptor or listing against `budget` (taken before it was opened). */
function hold(resource: object, budget: DescriptorBudget): void {
  held.set(resource, budget);
  collected.register(resource, budget, resource);
}

function release(resource: object): void {
  const budget = held.get(resource);
  if (!budget) return;
  held.delete(resource);
  collected.unregister(resource);
  budget.give();
}

/** Opens through `open` with one place of `budget` taken; given back when the open fails. */
export function counted<T extends object>(budget: DescriptorBudget, open: () => T): T {
  budget.take();
  let opened: T;
  try {
    opened = open();
  } catch (error) {
    budget.give();
    throw error;
  }
  hold(opened, budget);
  return opened;
}

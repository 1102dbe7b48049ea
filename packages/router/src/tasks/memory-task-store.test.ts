import { describe, expect, it } from "vitest";
import { MemoryTaskStore } from "./memory-task-store.js";
import { type TaskRecord, TaskStoreFull } from "./task-store.js";

function record(taskId: string, owner = "alice", ttlMs = 1000, createdAt = 0): TaskRecord {
  const at = new Date(createdAt).toISOString();
  return {
    taskId,
    owner,
    tool: "t",
    status: "working",
    createdAt: at,
    lastUpdatedAt: at,
    ttlMs,
    pollIntervalMs: 100,
  };
}

describe("MemoryTaskStore", () => {
  it("shows a task to its owner only, until its TTL", async () => {
    let now = 0;
    const store = new MemoryTaskStore({ now: () => now });
    await store.create(record("a"));
    expect(await store.get("a", "alice")).toMatchObject({ taskId: "a" });
    expect(await store.get("a", "bob")).toBeUndefined();
    expect(await store.list("bob")).toEqual([]);
    now = 999;
    expect(await store.get("a", "alice")).toBeDefined();
    now = 1000;
    expect(await store.get("a", "alice")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("never changes a terminal task, and drops inputRequests once the task works again", async () => {
    const store = new MemoryTaskStore({ now: () => 0 });
    await store.create(record("a"));
    await store.update("a", { status: "input_required", inputRequests: { k: {} } });
    expect(await store.update("a", { status: "working" })).not.toHaveProperty("inputRequests");
    await store.update("a", { status: "cancelled" });
    expect(await store.update("a", { status: "completed", result: { content: [] } })).toMatchObject({
      status: "cancelled",
    });
  });

  it("refuses tasks past maxTasks and maxBytes, and fails a result that would not fit", async () => {
    const store = new MemoryTaskStore({ now: () => 0, maxTasks: 2, maxBytes: 1000 });
    await store.create(record("a"));
    await store.create(record("b"));
    await expect(store.create(record("c"))).rejects.toBeInstanceOf(TaskStoreFull);
    const big = { content: [{ type: "text", text: "x".repeat(2000) }] };
    expect(await store.update("a", { status: "completed", result: big })).toMatchObject({
      status: "failed",
      error: { code: -32603 },
    });
  });
});

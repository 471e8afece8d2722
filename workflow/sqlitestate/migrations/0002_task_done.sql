-- Follow-up tasks can be completed: done_at (microseconds since the epoch,
-- UTC) is NULL while a task is open.
ALTER TABLE workflow_tasks ADD COLUMN done_at INTEGER;

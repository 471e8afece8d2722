-- Follow-up tasks can be completed: done_at is NULL while a task is open.
ALTER TABLE workflow_tasks ADD COLUMN done_at timestamptz;

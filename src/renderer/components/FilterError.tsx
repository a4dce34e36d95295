// The sentence under a filter box when its expression does not parse (at which column, what was
// expected): one look for the session's find box and the Statistics filter. The box points at it
// with aria-describedby and aria-invalid.
export function FilterError({
  id,
  message,
  testId,
}: {
  id: string
  message: string
  testId: string
}) {
  return (
    <p className="find-error status-error" id={id} data-testid={testId} role="alert">
      {message}
    </p>
  )
}

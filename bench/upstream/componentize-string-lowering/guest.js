export function take(s) {
  return s.length;
}

export function echo(s) {
  return s;
}

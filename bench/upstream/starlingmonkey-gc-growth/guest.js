export function nothing() {
  return 1;
}

const ring = new Array(1000);
let calls = 0;
export function churn(n) {
  calls++;
  ring[calls % ring.length] = new Array(n).fill(calls);
  return calls;
}

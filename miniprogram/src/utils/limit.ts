// At most `n` tasks at a time; the others wait their turn in order.
// Photos go up three at a time: kinder to a weak mobile network (and to the server,
// which decodes every photo) than nine at once.
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    if (running >= n || !waiting.length) return;
    running++;
    (waiting.shift() as () => void)();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            next();
          });
      });
      next();
    });
}

// Real processes for integration tests (Redis, Martin), from the local runner.
export { freePort, startMartin, startRedis, type Service } from '@org/map-local';

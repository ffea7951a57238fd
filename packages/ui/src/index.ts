export { WhereRanBadge, defineWhereRanBadge, type WhereRan } from './where-ran/where-ran-badge.ts';

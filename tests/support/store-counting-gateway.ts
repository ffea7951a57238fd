// The bench uses it too, so it lives in @hearth/tools/testing; tests import it from here.
export { startCountingGateway, type ServedRequest } from '@hearth/tools/testing';

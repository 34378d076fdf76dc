// SMH's status endpoint for stories, served by msw from test/fixtures/handlers.ts scenarios.
//
// One router handler is installed when the worker starts, so msw-storybook-addon's reset between
// stories never removes it; each story registers its scenario under its own confirmKey in
// `beforeEach`. That keeps a docs page (many stories rendered at once, each resetting the
// worker) answering every story, and gives each render fresh poll counters.
import { getResponse, http } from 'msw';
import { STATUS_ROUTE, type StatusScenario } from '../test/fixtures/handlers';

const scenarios = new Map<string, StatusScenario>();

export const statusRouter = http.get(STATUS_ROUTE, ({ request, params }) => {
  const scenario = scenarios.get(String(params['confirmKey']));
  return scenario === undefined ? undefined : getResponse([scenario.handler], request);
});

/**
 * Serves `scenario` for its confirmKey until the story unmounts. Use as (or in) a story's
 * `beforeEach`: `beforeEach: () => serveStatus('ck-…', progressingParts({ confirmKey: 'ck-…' }))`.
 */
export function serveStatus(confirmKey: string, scenario: StatusScenario): () => void {
  scenarios.set(confirmKey, scenario);
  return () => {
    if (scenarios.get(confirmKey) === scenario) scenarios.delete(confirmKey);
  };
}

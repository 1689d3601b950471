// The bindings resource (POST /api/v1/namespaces/<ns>/bindings): the older way to bind a pod, served by the same
// code as pods/binding, as upstream's BindingREST serves both. Create only, never stored.
import { bind } from '../../rest/binding.js';
import type { ResourceStrategy } from '../strategy.js';

export const bindingStrategy: ResourceStrategy = { create: bind };

// One QueryClient factory for the browser and server: the tRPC wire format (superjson, with
// guarded keys escaped: @mailstream/wire/transformer) keeps Dates and the like intact when
// server-prefetched data is dehydrated into the page.
import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import { transformer } from "@mailstream/wire/transformer";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Data from the server render is fresh for a moment; avoids an immediate refetch on hydrate.
        staleTime: 15 * 1000,
      },
      dehydrate: {
        serializeData: transformer.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: transformer.deserialize },
    },
  });
}

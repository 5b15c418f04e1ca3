"use client";
// Loads a journey and the workspace's templates over tRPC and hands them to the editor;
// turns the editor's save/publish and pause/resume/archive calls into tRPC mutations. Publishing
// over a live version with active runs first opens the republish review (finish or move them).
import { useCallback, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@mailstream/api";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { JourneyEditor, type PublishOutcome, type PublishProgress } from "@/components/canvas/journey-editor";
import {
  RepublishDialog,
  type RepublishReviewData,
  type RunsPlan,
} from "@/components/canvas/republish/republish-dialog";
import type { TestRunProblem, TestRunRequest } from "@/components/canvas/test-run/test-run-panel";
import type { TestRunTimeline } from "@mailstream/journey/test-timeline";
import type { LifecycleAction } from "@/components/journeys/lifecycle-buttons";
import { useTRPC } from "@/trpc/client";
import jc from "@/components/canvas/journey-editor.module.css";
import { CannotOpenPage, LoadingPage } from "@/components/shell/page-states";

function graphIssuesOf(error: unknown) {
  if (!(error instanceof TRPCClientError)) return null;
  const { data } = error as TRPCClientError<AppRouter>;
  return data?.code === "BAD_REQUEST" && data.graphIssues ? data.graphIssues : null;
}

/** A refused test run: the message and each problem by line (or a draft's graph problems). */
function testRunProblemOf(error: unknown): TestRunProblem {
  if (!(error instanceof TRPCClientError)) return { message: (error as Error).message, issues: [] };
  const { data, message } = error as TRPCClientError<AppRouter>;
  const issues =
    data?.fieldIssues ??
    data?.graphIssues?.map((issue) => ({ path: issue.nodeId ?? "journey", message: issue.message }));
  return { message, issues: issues ?? [] };
}

export function JourneyEditClient({ journeyId }: { journeyId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The editor owns the drawing once loaded; a background refetch must not replace it.
  const journey = useQuery({
    ...trpc.journeys.byId.queryOptions({ journeyId }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const templates = useQuery(trpc.templates.list.queryOptions());
  const segments = useQuery(trpc.segments.list.queryOptions());
  // Other pages (metrics) read the same journey; mark it stale once the server changed it.
  // Only inactive observers refetch: the editor keeps its own drawing.
  const onJourneyChanged = () =>
    queryClient.invalidateQueries({ queryKey: trpc.journeys.byId.queryKey({ journeyId }), refetchType: "inactive" });
  const saveDraft = useMutation(trpc.journeys.saveDraft.mutationOptions({ onSettled: onJourneyChanged }));
  const publish = useMutation(trpc.journeys.publish.mutationOptions({ onSettled: onJourneyChanged }));
  const pause = useMutation(trpc.journeys.pause.mutationOptions({ onSettled: onJourneyChanged }));
  const resume = useMutation(trpc.journeys.resume.mutationOptions({ onSettled: onJourneyChanged }));
  const archive = useMutation(trpc.journeys.archive.mutationOptions({ onSettled: onJourneyChanged }));
  const publishWithPlan = useMutation(trpc.journeys.publishWithPlan.mutationOptions({ onSettled: onJourneyChanged }));
  const testRun = useMutation(trpc.journeys.testRun.mutationOptions());
  const sendTestPath = useMutation(trpc.journeys.sendTestPath.mutationOptions());
  const { mutateAsync: saveDraftAsync } = saveDraft;
  const { mutateAsync: publishAsync } = publish;
  const { mutateAsync: publishWithPlanAsync } = publishWithPlan;
  // The open review and how to answer the editor's pending publish; then, after a move, its progress.
  const [review, setReview] = useState<{ data: RepublishReviewData; answer: (outcome: PublishOutcome) => void } | null>(
    null,
  );
  const [isMoving, setIsMoving] = useState(false);
  const progress = useQuery({
    ...trpc.journeys.migrationProgress.queryOptions({ journeyId }),
    enabled: isMoving,
    refetchInterval: (query) => (query.state.data?.isDone ? false : 1_000),
  });

  const onSaveDraft = useCallback(
    async (graph: JourneyGraph) => {
      await saveDraftAsync({ journeyId, graph });
    },
    [journeyId, saveDraftAsync],
  );

  const onPublish = useCallback(
    async (graph: JourneyGraph, progress: PublishProgress): Promise<PublishOutcome> => {
      try {
        // The review reads the saved draft (a graph does not fit a query's URL); publish saves it anyway.
        await saveDraftAsync({ journeyId, graph });
        progress.onDraftSaved();
        const data = await queryClient.fetchQuery({
          ...trpc.journeys.republishReview.queryOptions({ journeyId }),
          staleTime: 0,
        });
        if (data.activeRuns === 0) {
          const published = await publishAsync({ journeyId, graph });
          return { ok: true, version: published.version };
        }
        setIsMoving(false);
        return await new Promise<PublishOutcome>((answer) => setReview({ data, answer }));
      } catch (error) {
        const issues = graphIssuesOf(error);
        if (issues) return { ok: false, issues };
        throw error;
      }
    },
    [journeyId, publishAsync, saveDraftAsync, queryClient, trpc],
  );

  const onConfirmPlan = async (runs: RunsPlan) => {
    if (!review) return;
    try {
      const published = await publishWithPlanAsync({ journeyId, runs });
      if (published.migration) setIsMoving(true);
      else setReview(null);
      review.answer({ ok: true, version: published.version });
    } catch (error) {
      const issues = graphIssuesOf(error);
      if (!issues) throw error; // shown in the dialog: nothing was published
      setReview(null);
      review.answer({ ok: false, issues });
    }
  };

  const { mutateAsync: pauseAsync } = pause;
  const { mutateAsync: resumeAsync } = resume;
  const { mutateAsync: archiveAsync } = archive;
  const onLifecycle = useCallback(
    async (action: LifecycleAction) => {
      const change = action === "pause" ? pauseAsync : action === "resume" ? resumeAsync : archiveAsync;
      const result = await change({ journeyId });
      return result.status;
    },
    [journeyId, pauseAsync, resumeAsync, archiveAsync],
  );

  const { mutateAsync: testRunAsync } = testRun;
  const onTestRun = useCallback(
    async (request: TestRunRequest): Promise<TestRunTimeline> => {
      try {
        return await testRunAsync({ journeyId, ...request });
      } catch (error) {
        throw testRunProblemOf(error);
      }
    },
    [journeyId, testRunAsync],
  );

  const { mutateAsync: sendTestPathAsync } = sendTestPath;
  const onSendTestPath = useCallback(
    async (request: TestRunRequest): Promise<TestRunTimeline> => {
      try {
        return await sendTestPathAsync({ journeyId, ...request });
      } catch (error) {
        throw testRunProblemOf(error);
      }
    },
    [journeyId, sendTestPathAsync],
  );

  if (journey.isPending) return <LoadingPage label="Loading journey…" />;
  if (journey.isError)
    return <CannotOpenPage backHref="/journeys" backLabel="Journeys" what="journey" message={journey.error.message} />;

  const templateOptions = templates.data?.map((t) => ({ id: t.id, name: t.name, subject: t.subject }));
  return (
    <div className={jc.editorPage}>
      <JourneyEditor
        key={journey.data.id}
        journey={{
          id: journey.data.id,
          name: journey.data.name,
          status: journey.data.status,
          liveVersion: journey.data.liveVersion,
          draft: journey.data.draft,
          liveGraph: journey.data.liveGraph,
        }}
        templates={templateOptions}
        segments={segments.data?.map((s) => ({ id: s.id, name: s.name }))}
        onSaveDraft={onSaveDraft}
        onPublish={onPublish}
        onLifecycle={onLifecycle}
        onTestRun={onTestRun}
        onSendTestPath={onSendTestPath}
      />
      {review ? (
        <RepublishDialog
          review={review.data}
          isMoving={isMoving}
          progress={progress.data ?? null}
          onConfirm={onConfirmPlan}
          onCancel={() => {
            setReview(null);
            review.answer({ ok: false, cancelled: true });
          }}
          onClose={() => {
            setReview(null);
            setIsMoving(false);
          }}
        />
      ) : null}
    </div>
  );
}

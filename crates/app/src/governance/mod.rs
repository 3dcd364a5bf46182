//! Community self-governance (3B): unified term elections and their voter registers.

pub mod ballots;
mod disclosure;
mod elections;
mod kinship;
mod meetings;
mod paper;
mod register;
mod results;
mod rounds;
mod rules;
mod seating;

pub use ballots::{BallotBox, IssuedCode};
pub use disclosure::{
    CalendarEntry, DisclosureCalendar, DisclosureView, NewDisclosure, OverdueArea, OverdueCommunity, OverdueItem,
    OverdueLevel,
};
pub use elections::{ElectionView, NewUnifiedElection, UnifiedElectionView};
pub use kinship::{KinView, NewKinship};
pub use meetings::{
    FollowUpInput, MeetingRecord, MeetingRequestView, MeetingView, MotionView, NewMeeting, NewMeetingRequest,
    NewMotion, NewTopic, TopicView,
};
pub use paper::{BatchView, PaperEntry};
pub use register::{
    NewNomination, NewObjection, NewProxy, NomineeList, ObjectionDecisionInput, ObjectionView, ProxyView, VOTER_SHEET,
    VoterRow, parse_voter_sheet,
};
pub use results::{
    BallotSheet, CommunityOutcome, PendingResult, PublicResult, SkippedCount, UnifiedCount, UnifiedResults,
};
pub use rounds::NextRound;
pub use rules::{NewRuleSet, RuleSetView};
pub use seating::{DirectElectionIndicator, SeatedMember, Seating};

import { Text, View } from '@tarojs/components';
import { ANSWER_LABELS, type CommitmentColour, type RichBlock, type SelfCheckAnswer, type SelfCheckItem } from '@safegrid/shared';
import { colourStyle } from '../lib';

/** A letter's rich text: headings, paragraphs and numbered lists, as the PDF and the hash read them. */
export function Blocks({ blocks }: { blocks: RichBlock[] }) {
  return (
    <View className="cm-blocks">
      {blocks.map((b, i) =>
        b.kind === 'heading' ? (
          <View key={i} className="cm-heading">
            <Text>{b.text}</Text>
          </View>
        ) : b.kind === 'paragraph' ? (
          <View key={i} className="cm-paragraph">
            <Text>{b.text}</Text>
          </View>
        ) : (
          <View key={i} className="cm-list">
            {b.items.map((item, j) => (
              <View key={j} className="cm-list-item">
                <Text className="cm-list-no">{`${j + 1}.`}</Text>
                <Text className="cm-list-text">{item}</Text>
              </View>
            ))}
          </View>
        ),
      )}
    </View>
  );
}

/** The letter's colour as a band with its name in words (a colour alone says nothing to some readers). */
export function ColourBand({ colour }: { colour: CommitmentColour }) {
  const c = colourStyle(colour);
  return (
    <View className="cm-band" style={{ background: c.background, color: c.color, borderColor: c.border }}>
      <Text>{`${colour}色`}</Text>
    </View>
  );
}

/** A numbered part of the letter: 一、告知书. */
export function Part({ title }: { title: string }) {
  return (
    <View className="cm-part">
      <Text>{title}</Text>
    </View>
  );
}

const ANSWER_CLASS = { yes: 'cm-answer-yes', no: 'cm-answer-no', na: 'cm-answer-na' } as const;

/** The self-check as answered: each item, its basis, the answer and its note. */
export function AnsweredItems({ items, answers }: { items: SelfCheckItem[]; answers: SelfCheckAnswer[] }) {
  return (
    <View className="cm-items">
      {items.map((item, i) => {
        const a = answers.find((x) => x.itemId === item.id);
        return (
          <View key={item.id} className="cm-item">
            <View className="cm-item-text">
              <Text>{`${i + 1}. ${item.text}`}</Text>
            </View>
            {item.basis ? <View className="muted cm-item-basis">{`依据：${item.basis}`}</View> : null}
            <View className="cm-item-result">
              {a ? <Text className={`cm-answer ${ANSWER_CLASS[a.answer]}`}>{ANSWER_LABELS[a.answer]}</Text> : <Text className="muted">未作答</Text>}
            </View>
            {a?.note ? (
              <View className="cm-item-note">
                <Text>{`说明：${a.note}`}</Text>
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
